package dev.mcpauth.examples;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Answers 400 {@code invalid_request} to a request mock-oauth2-server cannot even read (a form body
 * with a malformed percent-escape, say): its dispatcher throws before any route runs, which leaves
 * the client waiting on a dropped answer and prints a stack trace.
 */
final class MalformedRequests extends Dispatcher {
  private final Dispatcher server;

  MalformedRequests(Dispatcher server) {
    this.server = server;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    try {
      return server.dispatch(request);
    } catch (RuntimeException unreadable) { // routes answer their own errors: this is the request
      return new MockResponse()
          .setResponseCode(400)
          .addHeader("Content-Type", "application/json")
          .addHeader("Cache-Control", "no-store")
          .setBody(
              "{\"error\":\"invalid_request\",\"error_description\":\"the request cannot be read"
                  + " (a malformed percent-escape in its query or form body?)\"}");
    }
  }

  @Override
  public MockResponse peek() {
    return server.peek();
  }

  @Override
  public void shutdown() {
    server.shutdown();
  }
}
