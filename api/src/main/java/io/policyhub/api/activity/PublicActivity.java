package io.policyhub.api.activity;

import java.time.Instant;
import java.util.List;

/**
 * What the public live page shows: counters and the latest activity, with nothing personal in it
 * (no names, ids, amounts or texts of anyone).
 */
public record PublicActivity(long policiesIssued, long messagesToday, List<Item> feed) {

    public record Item(String kind, String text, Instant at) {
    }
}
