package io.pulse.kotlin

/** Marks Pulse's configuration DSLs so an inner block cannot reach an outer block's receiver by accident. */
@DslMarker
public annotation class PulseDsl
