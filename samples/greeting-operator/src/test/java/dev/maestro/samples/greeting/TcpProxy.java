package dev.maestro.samples.greeting;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback in front of one port, to cut a client off from a server and reconnect it: {@link #stop()}
 * closes the listening socket and every connection (the client sees its watches break and new connections
 * refused), {@link #start()} listens again on the same port. Bytes pass through untouched, so HTTP, chunked watches
 * and WebSockets all work through it.
 */
final class TcpProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);

  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "tcp-proxy-" + threads.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });
  private @Nullable ServerSocket listening;
  private int port;

  private TcpProxy(InetSocketAddress target) {
    this.target = target;
  }

  /** A proxy, not yet listening, to {@code port} on loopback. */
  static TcpProxy to(int port) {
    return new TcpProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /** Listens: on a free port the first time, on the same port afterwards. */
  synchronized TcpProxy start() {
    if (listening != null) {
      return this;
    }
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      port = socket.getLocalPort();
      listening = socket;
      pumps.execute(() -> accept(socket));
      log.info("Proxying 127.0.0.1:{} to {}", port, target);
    } catch (IOException e) {
      throw new IllegalStateException("The proxy could not listen on port " + port, e);
    }
    return this;
  }

  /** Stops listening and closes every connection through the proxy. */
  synchronized void stop() {
    if (listening == null) {
      return;
    }
    closeQuietly(listening);
    listening = null;
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
    log.info("Proxy on 127.0.0.1:{} stopped: connections closed, new ones refused", port);
  }

  /** The port the proxy listens on. */
  synchronized int port() {
    if (port == 0) {
      throw new IllegalStateException("The proxy has not started yet");
    }
    return port;
  }

  @Override
  public void close() {
    stop();
    pumps.shutdownNow();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        sockets.add(client);
        sockets.add(upstream);
        try {
          upstream.connect(target);
        } catch (IOException e) {
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        if (server.isClosed()) {
          // stopped while this connection was being made
          closeQuietly(client);
          closeQuietly(upstream);
          return;
        }
        pumps.execute(() -> pump(client, upstream));
        pumps.execute(() -> pump(upstream, client));
      } catch (IOException e) {
        return; // closed by stop()
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (SocketException e) {
      // closed by stop() or by either side
    } catch (IOException e) {
      log.debug("Proxy connection failed", e);
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }
}
