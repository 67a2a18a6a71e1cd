/**
 * Authentication of B2B partners by {@code X-Api-Key}, each acting as a user of its own, and each
 * partner's own request budget in Redis, so that exceeding it answers 429 for that partner only.
 */
package io.policyhub.platform.security.partners;
