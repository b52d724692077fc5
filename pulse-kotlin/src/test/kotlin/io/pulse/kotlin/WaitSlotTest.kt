package io.pulse.kotlin

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext

/** The slot a consumer waits in: whoever takes a registration owns its wake-up, and a stale take-back takes nothing. */
class WaitSlotTest : FunSpec({

  fun continuation(): Continuation<Unit> = Continuation(EmptyCoroutineContext) { }

  test("a take-back after a waker took the wait, and the woken consumer waits again, leaves the new wait alone") {
    // The interleaving that ran one coroutine on two threads: thread A registers c and is delayed; the producer takes
    // c and resumes it on thread B; B reads and registers c again; only then does A try to take its wait back.
    val slot = WaitSlot()
    val c = continuation()
    val first = slot.register(c)
    slot.take() shouldBe c
    val second = slot.register(c)
    slot.takeBack(first) shouldBe false // A must return suspended: the coroutine is B's now
    slot.take() shouldBe c // B's wait is still there for the next message
    slot.takeBack(second) shouldBe false
  }

  test("a take-back before any waker removes the wait, and a waker then finds nothing") {
    val slot = WaitSlot()
    val stamp = slot.register(continuation())
    slot.takeBack(stamp) shouldBe true
    slot.take() shouldBe null
  }

  test("takeIf takes only a waiter that passes the test, and only once") {
    val slot = WaitSlot()
    val c = continuation()
    slot.register(c)
    slot.takeIf { false } shouldBe null
    slot.takeIf { it === c } shouldBe c // still waiting after the refused test
    slot.takeIf { true } shouldBe null
  }

  test("each registration has a stamp of its own: a take-back with an older one fails") {
    val slot = WaitSlot()
    val c = continuation()
    var previous = slot.register(c)
    slot.takeBack(previous) shouldBe true
    repeat(5) {
      val next = slot.register(c)
      (next == previous) shouldBe false
      slot.take() shouldBe c
      slot.takeBack(next) shouldBe false
      previous = next
    }
  }
})
