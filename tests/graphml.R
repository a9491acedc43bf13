# Every GraphML file of a folder read back by R's igraph, and written out as plain tables.
#
#   Rscript tests/graphml.R FOLDER OUT
#
# For each FOLDER/NAME.graphml, OUT receives NAME-nodes.csv (the node id and every attribute),
# NAME-edges.csv (source and target ids and every attribute), and one row in graphs.csv: whether
# the graph is directed, and the R type igraph gave each attribute. Missing values are written as
# "NA"; numbers with 17 significant digits, so tests/test_export_schemas.py compares them exactly.

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript graphml.R FOLDER OUT")
out <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
suppressPackageStartupMessages(library(igraph))

text <- function(values) {
  if (is.double(values)) ifelse(is.na(values), NA, sprintf("%.17g", values)) else values
}

table_of <- function(attributes) {
  columns <- lapply(attributes, text)
  if (length(columns) == 0) return(data.frame())
  as.data.frame(columns, check.names = FALSE, stringsAsFactors = FALSE)
}

graphs <- list()
for (path in sort(Sys.glob(file.path(args[1], "*.graphml")))) {
  name <- sub("\\.graphml$", "", basename(path))
  graph <- read_graph(path, format = "graphml")
  nodes <- vertex_attr(graph)
  edges <- edge_attr(graph)
  ids <- V(graph)$id
  pairs <- ends(graph, E(graph), names = FALSE)
  node_table <- table_of(nodes)
  edge_table <- cbind(
    data.frame(.source = ids[pairs[, 1]], .target = ids[pairs[, 2]], stringsAsFactors = FALSE),
    table_of(edges)
  )
  write.csv(node_table, file.path(out, paste0(name, "-nodes.csv")), row.names = FALSE, fileEncoding = "UTF-8")
  write.csv(edge_table, file.path(out, paste0(name, "-edges.csv")), row.names = FALSE, fileEncoding = "UTF-8")
  typed <- function(kind, attributes) {
    if (length(attributes) == 0) return(character())
    paste0(kind, ":", names(attributes), "=", vapply(attributes, typeof, ""))
  }
  types <- c(typed("node", nodes), typed("edge", edges))
  graphs[[length(graphs) + 1]] <- data.frame(
    graph = name,
    directed = is_directed(graph),
    nodes = vcount(graph),
    edges = ecount(graph),
    types = paste(sort(types), collapse = " ")
  )
}
write.csv(do.call(rbind, graphs), file.path(out, "graphs.csv"), row.names = FALSE, fileEncoding = "UTF-8")
