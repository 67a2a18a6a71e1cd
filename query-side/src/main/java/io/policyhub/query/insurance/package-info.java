/**
 * OSAGO application queries and {@code GET /api/v1/insurance/applications/{id}}: each insurer's progress,
 * read-your-writes, answered as a long poll woken by Redis notifications when {@code since} is given.
 */
package io.policyhub.query.insurance;
