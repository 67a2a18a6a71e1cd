package io.policyhub.command.identity;

import java.util.Map;
import java.util.UUID;

import io.policyhub.api.identity.AddDocument;
import io.policyhub.api.identity.AddRelative;
import io.policyhub.api.identity.RemoveDocument;
import io.policyhub.api.identity.RemoveRelative;
import io.policyhub.platform.web.Caller;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client's file: identity documents and relatives who may drive, kept on the user (so erasure
 * takes them too) and named by OSAGO applications instead of repeating the data. Reads are in the
 * query role ({@code GET} of the same paths).
 */
@RestController
class ClientFileController {

    private final CommandGateway commandGateway;

    ClientFileController(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @PostMapping("/api/v1/profile/documents")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, UUID> addDocument(Caller caller, @Valid @RequestBody ClientFileRequests.DocumentRequest request) {
        UUID documentId = commandGateway.sendAndWait(new AddDocument(caller.userId(), UUID.randomUUID(), request.type(),
                request.normalizedNumber(), request.issuedAt(), request.expiresAt()));
        return Map.of("documentId", documentId);
    }

    @DeleteMapping("/api/v1/profile/documents/{documentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeDocument(Caller caller, @PathVariable UUID documentId) {
        commandGateway.sendAndWait(new RemoveDocument(caller.userId(), documentId));
    }

    @PostMapping("/api/v1/profile/relatives")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, UUID> addRelative(Caller caller, @Valid @RequestBody ClientFileRequests.RelativeRequest request) {
        UUID relativeId = commandGateway.sendAndWait(new AddRelative(caller.userId(), UUID.randomUUID(), request.relation(),
                request.fullName().strip(), request.birthDate(), request.licenseNumber(), request.licenseIssuedAt()));
        return Map.of("relativeId", relativeId);
    }

    @DeleteMapping("/api/v1/profile/relatives/{relativeId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeRelative(Caller caller, @PathVariable UUID relativeId) {
        commandGateway.sendAndWait(new RemoveRelative(caller.userId(), relativeId));
    }
}
