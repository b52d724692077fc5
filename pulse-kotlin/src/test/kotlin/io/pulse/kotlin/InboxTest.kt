package io.pulse.kotlin

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/** The single-producer, single-consumer inbox under the connection coroutines: order, wake-ups, cancellation. */
class InboxTest : FunSpec({

  test("a producer thread and a consumer on another dispatcher: every message once, in order, then the end") {
    val inbox = Inbox()
    val n = 200_000
    runBlocking {
      val got = async(Dispatchers.Default) {
        var expected = 0
        while (true) {
          val m = inbox.receiveOrNull() ?: break
          m shouldBe expected
          expected++
          if (expected % 997 == 0) yield() // let the producer get ahead now and then: both paths run
        }
        expected
      }
      val producer = thread(name = "inbox-producer") {
        for (i in 0 until n) inbox.put(i) shouldBe true
        inbox.close()
      }
      withTimeout(20.seconds) { got.await() } shouldBe n
      producer.join()
    }
    inbox.put(-1) shouldBe false
  }

  test("many fresh inboxes, each racing its first messages between threads: always in order") {
    // The hand-over from the single head slot to the queue happens within the first few messages of an inbox; a
    // consumer reading between the producer's head write and its first queued message must still take the head first.
    val rounds = 50_000
    val start = java.util.concurrent.CyclicBarrier(2)
    val inboxes = arrayOfNulls<Inbox>(rounds).also { for (i in 0 until rounds) it[i] = Inbox() }
    val producer = thread(name = "inbox-producer") {
      for (inbox in inboxes) {
        start.await(10, TimeUnit.SECONDS)
        for (i in 0 until 4) inbox!!.put(i)
        inbox!!.close()
      }
    }
    runBlocking(Dispatchers.Default) {
      withTimeout(25.seconds) {
        for (inbox in inboxes) {
          start.await(10, TimeUnit.SECONDS)
          val got = ArrayList<Any>(4)
          while (got.size < 4) inbox!!.poll()?.let { got.add(it) } // spinning: often mid-poll when a put lands
          inbox!!.receiveOrNull() shouldBe null
          got shouldBe listOf(0, 1, 2, 3)
        }
      }
    }
    producer.join()
  }

  test("messages offered before close are still received after it") {
    val inbox = Inbox()
    inbox.put("a")
    inbox.put("b")
    inbox.put("c")
    inbox.close()
    runBlocking {
      inbox.receiveOrNull() shouldBe "a"
      inbox.receiveOrNull() shouldBe "b"
      inbox.receiveOrNull() shouldBe "c"
      inbox.receiveOrNull() shouldBe null
    }
  }

  test("cancelling the waiting consumer's job from another thread resumes it with the cancellation, taking nothing") {
    val inbox = Inbox()
    runBlocking {
      val waiting = CountDownLatch(1)
      val job = launch(Dispatchers.Default, CoroutineStart.UNDISPATCHED) {
        waiting.countDown()
        inbox.receiveOrNull()
        error("received although cancelled")
      }
      waiting.await(10, TimeUnit.SECONDS) shouldBe true
      thread { job.cancel(CancellationException("stop")) }.join()
      withTimeout(10.seconds) { job.join() }
      job.isCancelled shouldBe true
      inbox.put("kept") shouldBe true
      inbox.receiveOrNull() shouldBe "kept"
    }
  }

  test("withTimeout around a wait times out, and the next wait in the outer job still gets the next message") {
    val inbox = Inbox()
    runBlocking {
      withContext(Dispatchers.Default) {
        shouldThrow<TimeoutCancellationException> { withTimeout(50.milliseconds) { inbox.receiveOrNull() } }
        shouldThrow<TimeoutCancellationException> { withTimeout(50.milliseconds) { inbox.receiveOrNull() } }
        launch { kotlinx.coroutines.delay(20); inbox.put("late") }
        inbox.receiveOrNull() shouldBe "late"
        // The timed-out jobs' hooks must not cancel a later wait of this job.
        launch { kotlinx.coroutines.delay(20); inbox.put("later") }
        inbox.receiveOrNull() shouldBe "later"
      }
    }
  }

  test("a consumer whose job is already cancelled throws instead of waiting") {
    val inbox = Inbox()
    runBlocking {
      var thrown: Throwable? = null
      val job = launch(Dispatchers.Default) {
        kotlinx.coroutines.currentCoroutineContext()[kotlinx.coroutines.Job]!!.cancel()
        thrown = runCatching { inbox.receiveOrNull() }.exceptionOrNull()
      }
      withTimeout(10.seconds) { job.join() }
      thrown.shouldBeInstanceOf<CancellationException>()
    }
  }
})
