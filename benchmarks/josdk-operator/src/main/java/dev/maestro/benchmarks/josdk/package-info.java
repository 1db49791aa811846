/**
 * The benchmark's Greeting operator on Java Operator SDK 5.2.3, written as JOSDK's documentation recommends: a
 * reconciler with a managed workflow of one Kubernetes dependent resource (the ConfigMap), and a status patch.
 */
package dev.maestro.benchmarks.josdk;
