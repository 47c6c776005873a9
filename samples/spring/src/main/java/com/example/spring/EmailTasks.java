package com.example.spring;

import io.taskq.TaskDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's task definitions as beans: the worker takes their queues from here. */
@Configuration(proxyBeanMethods = false)
class EmailTasks {
  @Bean
  TaskDefinition<SendEmail> sendEmailTask() {
    return SendEmail.TASK;
  }
}
