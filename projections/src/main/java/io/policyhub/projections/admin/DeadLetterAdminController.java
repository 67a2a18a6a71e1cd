package io.policyhub.projections.admin;

import java.util.List;

import io.policyhub.platform.web.Caller;
import io.policyhub.platform.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints for parked events (see {@link DeadLetters}). The security configuration requires the ADMIN role. */
@RestController
@Validated
@RequestMapping("/api/v1/admin/dead-letters")
class DeadLetterAdminController {

    private final DeadLetters deadLetters;

    DeadLetterAdminController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    record Eviction(@NotBlank @Size(max = 1000) String reason) {
    }

    @GetMapping
    List<DeadLetters.Parked> list(@RequestParam(defaultValue = "500") @Min(1) @Max(10000) int limit) {
        return deadLetters.list(limit);
    }

    @PostMapping("/retry")
    ResponseEntity<Void> retryAll() {
        deadLetters.retryAll();
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{id}/retry")
    ResponseEntity<Void> retry(@PathVariable @Size(max = 255) String id) {
        return deadLetters.retry(id) ? ResponseEntity.accepted().build() : notFound(id);
    }

    @PostMapping("/{id}/evict")
    ResponseEntity<Void> evict(@PathVariable @Size(max = 255) String id, @Valid @RequestBody Eviction eviction, Caller caller) {
        return deadLetters.evict(id, eviction.reason(), caller.userId().toString()) ? ResponseEntity.noContent().build() : notFound(id);
    }

    private static ResponseEntity<Void> notFound(String id) {
        throw new ProblemException(HttpStatus.NOT_FOUND, "unknown-dead-letter", "No parked event with id " + id);
    }
}
