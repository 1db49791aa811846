package dev.maestro.test.autoconfigure.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application the slice tests find, as a test slice finds an application's main class. */
@SpringBootApplication
public class SliceApplication {
}
