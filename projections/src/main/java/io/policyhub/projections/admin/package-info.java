/**
 * Operator tooling for the projections, behind the ADMIN role: processor status, lag metrics and replays
 * coordinated over every instance ({@code /api/v1/admin/projections}), and listing, retrying and evicting
 * parked events ({@code /api/v1/admin/dead-letters}).
 */
package io.policyhub.projections.admin;
