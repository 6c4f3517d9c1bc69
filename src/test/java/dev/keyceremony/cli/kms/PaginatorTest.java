package dev.keyceremony.cli.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaginatorTest {
  private static List<String> ids(Paginator.Result r) {
    List<String> out = new ArrayList<>();
    for (JsonNode k : r.full("Keys").get("Keys")) {
      out.add(k.get("KeyId").asText());
    }
    return out;
  }

  private static Paginator.Result run(
      FakeKmsDocuments f, Integer pageSize, Integer maxItems, String token) {
    return Paginator.run(
        f,
        "ListKeys",
        "Keys",
        JsonNodeFactory.instance.objectNode(),
        pageSize,
        maxItems,
        token,
        id -> {});
  }

  @Test
  void followsMarkersUntilNotTruncated_withPageSizeAsLimit() {
    FakeKmsDocuments f = new FakeKmsDocuments(5);
    Paginator.Result r = run(f, 2, null, null);
    assertThat(ids(r)).containsExactly("k0", "k1", "k2", "k3", "k4");
    assertThat(r.nextToken()).isNull();
    assertThat(r.pages()).hasSize(3);
    assertThat(f.calls)
        .extracting(c -> c.path("Marker").asText(null))
        .containsExactly(null, "2", "4");
    assertThat(f.calls).allSatisfy(c -> assertThat(c.get("Limit").asInt()).isEqualTo(2));
    assertThat(r.full("Keys").has("NextToken")).isFalse();
  }

  @Test
  void maxItemsMidPage_givesBotocoresTokenWithTruncateAmount_andResumesThere() {
    FakeKmsDocuments f = new FakeKmsDocuments(5);
    Paginator.Result first = run(f, 2, 3, null);
    assertThat(ids(first)).containsExactly("k0", "k1", "k2");
    String json = new String(Base64.getDecoder().decode(first.nextToken()), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("{\"Marker\": \"2\", \"boto_truncate_amount\": 1}");
    assertThat(first.full("Keys").get("NextToken").asText()).isEqualTo(first.nextToken());

    Paginator.Result rest = run(new FakeKmsDocuments(5), 2, null, first.nextToken());
    assertThat(ids(rest)).containsExactly("k3", "k4");
  }

  @Test
  void maxItemsAtAPageBoundary_givesAPlainMarkerToken() {
    Paginator.Result r = run(new FakeKmsDocuments(5), 2, 2, null);
    assertThat(ids(r)).containsExactly("k0", "k1");
    assertThat(new String(Base64.getDecoder().decode(r.nextToken()), StandardCharsets.UTF_8))
        .isEqualTo("{\"Marker\": \"2\"}");
    assertThat(ids(run(new FakeKmsDocuments(5), null, null, r.nextToken())))
        .containsExactly("k2", "k3", "k4");
  }

  @Test
  void textOutput_printsPageByPage_thenTheNextToken() {
    Paginator.Result r = run(new FakeKmsDocuments(3), 1, 2, null);
    Printer p = new Printer("text", null, "off", Terminal.none(), java.time.ZoneOffset.UTC);
    String out =
        p.print(CommandSpec.named("list-keys").orElseThrow(), new Invocation.Outcome(null, r));
    assertThat(out)
        .isEqualTo("KEYS\tarn:k0\tk0\nKEYS\tarn:k1\tk1\nNEXTTOKEN\t" + r.nextToken() + "\n");
  }
}
