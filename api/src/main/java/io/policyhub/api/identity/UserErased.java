package io.policyhub.api.identity;

import java.util.UUID;

/**
 * The user asked to be forgotten: their key is forgotten with it (crypto-shredding), so their
 * personal fields read as null in every event, and the read models drop what they hold.
 */
public record UserErased(UUID userId) {
}
