package com.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application with taskq: {@code POST /emails} stores an email and submits
 * {@code email.send} after the transaction commits; the worker of the same application sends it.
 * Run: {@code java -jar target/taskq-spring-sample.jar --taskq.redis.url=redis://127.0.0.1:PORT}.
 */
@SpringBootApplication
public class SpringSampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(SpringSampleApplication.class, args);
  }
}
