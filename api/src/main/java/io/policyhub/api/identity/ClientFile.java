package io.policyhub.api.identity;

import java.util.List;

/** The client's documents and relatives, oldest first. */
public record ClientFile(List<DocumentView> documents, List<RelativeView> relatives) {
}
