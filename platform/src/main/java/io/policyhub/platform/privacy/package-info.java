/**
 * Crypto-shredding: the personal fields of stored events are encrypted with a key per person, and
 * erasure forgets the key (decision 31).
 */
package io.policyhub.platform.privacy;
