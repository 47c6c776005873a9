package com.example.spring;

import java.util.List;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /emails {"to": ["a@example.com"], "subject": "..."}} → 202 with the task id. */
@RestController
class EmailController {
  private final Emails emails;

  EmailController(Emails emails) {
    this.emails = emails;
  }

  /** What a client posts. */
  record NewEmail(List<String> to, String subject) {}

  @PostMapping("/emails")
  ResponseEntity<Emails.Queued> send(@RequestBody NewEmail email) {
    return ResponseEntity.accepted().body(emails.queue(email.to(), email.subject()));
  }

  @GetMapping("/emails/{id}")
  ResponseEntity<Map<String, Object>> get(@PathVariable("id") long id) {
    return emails.isSent(id).map(sent -> ResponseEntity.ok(Map.<String, Object>of("id", id,
        "sent", sent))).orElse(ResponseEntity.notFound().build());
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<Map<String, String>> refused(DataIntegrityViolationException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .body(Map.of("error", "a recipient is not an email address; nothing was stored or sent"));
  }
}
