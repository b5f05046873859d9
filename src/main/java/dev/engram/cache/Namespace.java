package dev.engram.cache;

import java.time.Duration;

/** The two key-value stores of the short-term tier. */
enum Namespace {
    CACHE("cache"), TEMP("temp");

    final String key;

    Namespace(String key) {
        this.key = key;
    }

    Duration defaultTtl(ValueStoreConfig c) {
        return this == CACHE ? c.cacheTtl() : c.tempTtl();
    }

    Duration maxTtl(ValueStoreConfig c) {
        return this == CACHE ? c.cacheMaxTtl() : c.tempMaxTtl();
    }
}
