package dev.keyceremony.localkms.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.localkms.FaultSettings;
import dev.keyceremony.localkms.MutableClock;
import dev.keyceremony.localkms.api.Json;
import dev.keyceremony.localkms.api.KmsError;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Test-rig controls, loopback peers only: {@code /_local/clock} (GET; POST {"advanceSeconds": n} or
 * {"epochSeconds": n}) and {@code /_local/faults} (GET; POST {"throttleRate", "errorRate",
 * "delayRate", "delayMs", "seed"}).
 */
public final class AdminHandler {
  private final MutableClock clock;
  private final Faults faults;
  private final Runnable afterClockMove;

  public AdminHandler(MutableClock clock, Faults faults, Runnable afterClockMove) {
    this.clock = clock;
    this.faults = faults;
    this.afterClockMove = afterClockMove;
  }

  ObjectNode handle(HttpRequest ex, String path, byte[] body) {
    InetAddress peer = ex.peer();
    if (peer == null || !peer.isLoopbackAddress()) {
      throw new KmsError(
          "AccessDeniedException", "The /_local/ admin endpoints accept only" + " loopback peers.");
    }
    boolean post = "POST".equals(ex.method());
    switch (path) {
      case "/_local/clock" -> {
        if (post) {
          moveClock(KmsHttpHandler.parse(body));
        }
        ObjectNode out = Json.object();
        out.set("epochSeconds", Json.time(clock.instant()));
        return out;
      }
      case "/_local/faults" -> {
        if (post) {
          faults.set(faultSettings(KmsHttpHandler.parse(body), faults.settings()));
        }
        FaultSettings s = faults.settings();
        ObjectNode out = Json.object();
        out.put("throttleRate", s.throttleRate());
        out.put("errorRate", s.errorRate());
        out.put("delayRate", s.delayRate());
        out.put("delayMs", s.delayMillis());
        out.put("seed", s.seed());
        return out;
      }
      default -> throw new KmsError("UnknownOperationException", "No admin endpoint " + path);
    }
  }

  private void moveClock(ObjectNode req) {
    JsonNode advance = req.get("advanceSeconds");
    JsonNode epoch = req.get("epochSeconds");
    if ((advance == null) == (epoch == null)) {
      throw KmsError.validation("Give exactly one of advanceSeconds or epochSeconds.");
    }
    JsonNode n = advance != null ? advance : epoch;
    if (!n.isNumber()
        || n.decimalValue().abs().compareTo(java.math.BigDecimal.valueOf(1L << 40)) > 0) {
      throw KmsError.validation("The clock value must be a number of seconds (|value| < 2^40).");
    }
    long millis = n.decimalValue().movePointRight(3).longValue();
    if (advance != null) {
      clock.advance(Duration.ofMillis(millis));
    } else {
      clock.setInstant(Instant.ofEpochMilli(millis));
    }
    afterClockMove.run();
  }

  private static FaultSettings faultSettings(ObjectNode req, FaultSettings old) {
    try {
      return new FaultSettings(
          number(req, "throttleRate", old.throttleRate()),
          number(req, "errorRate", old.errorRate()),
          number(req, "delayRate", old.delayRate()),
          (long) number(req, "delayMs", old.delayMillis()),
          (long) number(req, "seed", old.seed()));
    } catch (IllegalArgumentException e) {
      throw KmsError.validation(e.getMessage());
    }
  }

  private static double number(ObjectNode req, String name, double dflt) {
    JsonNode n = req.get(name);
    if (n == null) {
      return dflt;
    }
    if (!n.isNumber()) {
      throw KmsError.validation(name + " must be a number.");
    }
    return n.doubleValue();
  }
}
