package dev.engram.embedding;

/** What Engram knows about a model: its name, vector dimension and the prefixes it was trained with. */
record ModelSpec(String name, int dimension, String queryPrefix, String documentPrefix) {
}
