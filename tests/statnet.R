# Hamkori's network measures recomputed by statnet (sna, network) and igraph, from the files `kg` exports.
#
#   Rscript tests/statnet.R ANALYSIS OUT
#
# ANALYSIS is a folder written by kg.outputs.report.write_report (exports/*.graphml, tables/*.csv);
# OUT receives one CSV per result, every number printed with 17 significant digits so that the
# comparison in tests/test_statnet.py sees R's doubles exactly. Nothing here reads Hamkori's own
# measures: only the exported graphs, and the community membership whose modularity is checked.

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript statnet.R ANALYSIS OUT")
exports <- file.path(args[1], "exports")
tables <- file.path(args[1], "tables")
out <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
suppressPackageStartupMessages({
  library(igraph)
  library(network)
  library(sna)
})

put <- function(frame, name) {
  for (column in names(frame)) {
    if (is.double(frame[[column]])) frame[[column]] <- sprintf("%.17g", frame[[column]])
  }
  write.csv(frame, file.path(out, name), row.names = FALSE, fileEncoding = "UTF-8")
}

# Ties as a 0/1 matrix over the graph's nodes in file order: statnet's measures read adjacency.
binary <- function(graph, edges = E(graph)) {
  n <- vcount(graph)
  m <- matrix(0, n, n)
  pairs <- ends(graph, edges, names = FALSE)
  m[pairs] <- 1
  if (!is_directed(graph)) m[pairs[, 2:1, drop = FALSE]] <- 1
  diag(m) <- 0
  m
}

scalars <- list()
scalar <- function(name, value) scalars[[length(scalars) + 1]] <<- data.frame(measure = name, value = as.double(value))

# --- The collaboration network: undirected, weighted ties between actors ---------------------------
collaboration <- read_graph(file.path(exports, "collaboration.graphml"), format = "graphml")
a <- binary(collaboration)
w <- as.matrix(as_adjacency_matrix(collaboration, attr = "weight", sparse = FALSE))
n <- nrow(a)
sector <- V(collaboration)$sector
net <- network::network(a, directed = FALSE)
network::set.vertex.attribute(net, "sector", sector)

put(data.frame(
  node = V(collaboration)$id,
  degree = sna::degree(a, gmode = "graph"),
  weighted_degree = sna::degree(w, gmode = "graph", ignore.eval = FALSE),
  betweenness = sna::betweenness(a, gmode = "graph") / ((n - 1) * (n - 2) / 2),
  k_core = sna::kcores(a, mode = "graph"),
  component = sna::component.dist(a, connected = "weak")$membership,
  pagerank = igraph::page_rank(collaboration, weights = E(collaboration)$weight)$vector
), "collaboration-nodes.csv")

scalar("nodes", network::network.size(net))
scalar("ties", network::network.edgecount(net))
scalar("density", sna::gden(a, mode = "graph"))
scalar("components", sna::components(a, connected = "weak"))
scalar("degree_centralization", sna::centralization(a, sna::degree, mode = "graph"))
scalar("assortativity", igraph::assortativity_nominal(
  collaboration, as.integer(factor(sector)), directed = FALSE
))
communities <- read.csv(file.path(tables, "communities.csv"), colClasses = "character")
membership <- as.integer(communities$community[match(V(collaboration)$id, communities$node)]) + 1L
scalar("modularity", igraph::modularity(collaboration, membership, weights = E(collaboration)$weight))

mixing <- unclass(network::mixingmatrix(net, "sector"))
groups <- rownames(mixing)
put(data.frame(
  from = rep(groups, times = length(groups)),
  to = rep(groups, each = length(groups)),
  ties = as.vector(mixing)
), "sector-mixing.csv")
internal <- diag(mixing)
external <- rowSums(mixing) - internal
put(data.frame(
  sector = c(groups, "all"),
  internal = c(internal, sum(internal)),
  external = c(external, sum(mixing[upper.tri(mixing)])),
  ei_index = c((external - internal) / (external + internal),
               (sum(mixing[upper.tri(mixing)]) - sum(internal)) / (sum(mixing[upper.tri(mixing)]) + sum(internal)))
), "ei-index.csv")

# --- The flow of money and cooperation (typed graph: funding and partnership arcs) ------------------
typed <- read_graph(file.path(exports, "typed.graphml"), format = "graphml")
relation <- E(typed)$relation
funding <- binary(typed, E(typed)[relation == "funding"])
partnership <- binary(typed, E(typed)[relation == "partnership"])
flow <- pmax(funding, partnership)
k <- nrow(flow)
roles <- sna::brokerage(flow, V(typed)$sector)$raw.nli
put(data.frame(
  node = V(typed)$id,
  coordinator = roles[, "w_I"],
  itinerant = roles[, "w_O"],
  representative = roles[, "b_IO"],
  gatekeeper = roles[, "b_OI"],
  liaison = roles[, "b_O"],
  total = roles[, "t"],
  betweenness = sna::betweenness(flow, gmode = "digraph") / ((k - 1) * (k - 2)),
  outdegree = sna::degree(flow, gmode = "digraph", cmode = "outdegree"),
  indegree = sna::degree(flow, gmode = "digraph", cmode = "indegree")
), "flow-nodes.csv")
scalar("flow_density", sna::gden(flow, mode = "digraph"))
# QAP's observed statistic: the correlation of two relations over the off-diagonal cells. The report
# asks whether a partnership tie goes with a funding tie between the same two actors, either way.
scalar("qap_partnership_funding", sna::gcor(partnership, pmax(funding, t(funding)), mode = "graph"))
scalar("qap_partnership_funding_directed", sna::gcor(partnership, funding, mode = "digraph"))

put(do.call(rbind, scalars), "scalars.csv")
