/**
 * Owned children: {@link dev.maestro.core.child.ChildStep} keeps one child of a parent in line with what the
 * parent wants, {@link dev.maestro.core.child.ChildSetStep} a variable set of them. Both read children from the
 * controller's cache through an index on the controller owner's UID, write only when a child differs, and never
 * take over an object the parent does not control.
 */
@NullMarked
package dev.maestro.core.child;

import org.jspecify.annotations.NullMarked;
