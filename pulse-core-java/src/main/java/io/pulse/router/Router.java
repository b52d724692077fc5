package io.pulse.router;

import io.pulse.Callback;
import io.pulse.Conn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Routes messages to handlers by an id the message carries (netman's router): global middleware runs for every
 * message, group middleware for the routes of its group, then the handler. Use it as the {@code onData} of a
 * {@link Callback}. Configure before serving; dispatch is then lock-free and safe from any thread.
 */
public final class Router<T> implements Callback<T> {
  private final ToIntFunction<? super T> idOf;
  private final List<Middleware<T>> global = new ArrayList<>();
  private final Map<Integer, Route<T>> routes = new HashMap<>();
  private volatile Map<Integer, Route<T>> published = Map.of();
  private volatile List<Middleware<T>> publishedGlobal = List.of();
  private volatile Handler<T> notFound; // null: close the connection with an error naming the id

  private Router(ToIntFunction<? super T> idOf) {
    this.idOf = idOf;
  }

  /** A router that reads each message's id with {@code idOf} (e.g. {@code Packet::id}). */
  public static <T> Router<T> create(ToIntFunction<? super T> idOf) {
    return new Router<>(Objects.requireNonNull(idOf, "idOf"));
  }

  /** Adds middleware that runs, in the order added, before every message's handler (routed or not). */
  public Router<T> use(Middleware<T> middleware) {
    global.add(Objects.requireNonNull(middleware, "middleware"));
    rebuild();
    return this;
  }

  /** Routes messages with {@code id} to {@code handler}; replaces an earlier route for that id. */
  public Router<T> route(int id, Handler<T> handler) {
    return add(id, handler, List.of());
  }

  /** For messages with no route (default: the connection is closed with an error naming the id). */
  public Router<T> notFound(Handler<T> handler) {
    notFound = Objects.requireNonNull(handler, "handler");
    rebuild();
    return this;
  }

  /** A group whose routes also run {@code middleware} (after the global ones). */
  @SafeVarargs
  public final Group group(Middleware<T>... middleware) {
    return new Group(List.copyOf(Arrays.asList(middleware)));
  }

  /** Routes sharing middleware; made by {@link Router#group}. */
  public final class Group {
    private final List<Middleware<T>> middleware;

    private Group(List<Middleware<T>> middleware) {
      this.middleware = middleware;
    }

    /** Routes {@code id} to {@code handler} through this group's middleware. */
    public Group route(int id, Handler<T> handler) {
      add(id, handler, middleware);
      return this;
    }
  }

  private Router<T> add(int id, Handler<T> handler, List<Middleware<T>> groupMiddleware) {
    routes.put(id, new Route<>(handler, groupMiddleware, List.of()));
    rebuild();
    return this;
  }

  private void rebuild() {
    Map<Integer, Route<T>> m = new HashMap<>();
    routes.forEach((id, r) -> m.put(id, new Route<>(r.handler, r.groupMiddleware, global)));
    published = Map.copyOf(m);
    publishedGlobal = List.copyOf(global);
  }

  @Override
  public void onData(Conn conn, T msg) {
    int id = idOf.applyAsInt(msg);
    Route<T> r = published.get(id);
    try {
      if (r != null) {
        r.run(conn, msg);
      } else {
        Handler<T> h = notFound;
        if (h == null) h = (c, m) -> {
          throw new IllegalArgumentException("no route for message id " + id);
        };
        new Chain<>(conn, msg, publishedGlobal, List.of(), h).proceed();
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new RouteException("handler for message id " + id + " failed", e);
    }
  }

  /** A handler with its middleware, flattened. */
  private static final class Route<T> {
    final Handler<T> handler;
    final List<Middleware<T>> groupMiddleware;
    final List<Middleware<T>> global;

    Route(Handler<T> handler, List<Middleware<T>> groupMiddleware, List<Middleware<T>> global) {
      this.handler = handler;
      this.groupMiddleware = groupMiddleware;
      this.global = List.copyOf(global);
    }

    void run(Conn conn, T msg) throws Exception {
      if (global.isEmpty() && groupMiddleware.isEmpty()) handler.handle(conn, msg);
      else new Chain<>(conn, msg, global, groupMiddleware, handler).proceed();
    }
  }

  /** One message's walk through the middleware to the handler. */
  private static final class Chain<T> implements Middleware.Next {
    private final Conn conn;
    private final T msg;
    private final List<Middleware<T>> first;
    private final List<Middleware<T>> second;
    private final Handler<T> handler;
    private int index;

    Chain(Conn conn, T msg, List<Middleware<T>> first, List<Middleware<T>> second, Handler<T> handler) {
      this.conn = conn;
      this.msg = msg;
      this.first = first;
      this.second = second;
      this.handler = handler;
    }

    @Override
    public void proceed() throws Exception {
      int i = index++;
      if (i < first.size()) first.get(i).handle(conn, msg, this);
      else if (i - first.size() < second.size()) second.get(i - first.size()).handle(conn, msg, this);
      else if (i == first.size() + second.size()) handler.handle(conn, msg);
    }
  }
}
