package io.policyhub.api.insurance;

import java.util.List;

/** The answer to {@link FindApplications}: a record, so the element type survives the trip through Axon Server. */
public record ApplicationList(List<ApplicationView> applications) {
}
