package dev.maestro.test.autoconfigure.app;

import org.springframework.stereotype.Service;

/** An application component that is no reconciler: a reconciler test slice leaves it out. */
@Service
public class Inventory {
}
