package io.policyhub.projections.admin;

import java.util.Collection;

import io.policyhub.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints: projection status and replay. The security configuration requires the ADMIN role. */
@RestController
@RequestMapping("/api/v1/admin/projections")
class ProjectionAdminController {

    private final ProjectionAdministration projections;

    ProjectionAdminController(ProjectionAdministration projections) {
        this.projections = projections;
    }

    @GetMapping
    Collection<ProjectionStatus> list() {
        return projections.list();
    }

    @PostMapping("/{name}/replay")
    ResponseEntity<?> replay(@PathVariable String name) {
        return switch (projections.replay(name)) {
            case STARTED -> ResponseEntity.accepted().body(projections.find(name).orElseThrow());
            case UNKNOWN -> problem(HttpStatus.NOT_FOUND, "unknown-projection", "No projection named " + name);
            case NOT_REPLAYABLE -> problem(HttpStatus.CONFLICT, "not-replayable", name + " does not support replay");
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, code, status.getReasonPhrase(), detail));
    }
}
