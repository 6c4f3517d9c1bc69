package dev.keyceremony.kms.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.kms.MemberShape;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

class DocumentCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void importKeyMaterialRequest_isBuiltFromEveryPascalCaseMember() throws Exception {
    ObjectNode in =
        (ObjectNode)
            JSON.readTree(
                """
        {"KeyId":"k-1","ImportToken":"AQID","ValidTo":1700000000.5,
         "ExpirationModel":"KEY_MATERIAL_EXPIRES","ImportType":"NEW_KEY_MATERIAL",
         "KeyMaterialDescription":"first","KeyMaterialId":"ab"}""");
    in.put("EncryptedKeyMaterial", new byte[] {9, 8, 7});

    var b = ImportKeyMaterialRequest.builder();
    DocumentCodec.fill(b, in, "input");
    ImportKeyMaterialRequest r = b.build();

    assertThat(r.keyId()).isEqualTo("k-1");
    assertThat(r.importToken()).isEqualTo(SdkBytes.fromByteArray(new byte[] {1, 2, 3}));
    assertThat(r.encryptedKeyMaterial().asByteArray()).containsExactly(9, 8, 7);
    assertThat(r.validTo()).isEqualTo(Instant.ofEpochSecond(1700000000L, 500_000_000));
    assertThat(r.expirationModelAsString()).isEqualTo("KEY_MATERIAL_EXPIRES");
    assertThat(r.importTypeAsString()).isEqualTo("NEW_KEY_MATERIAL");
    assertThat(r.keyMaterialDescription()).isEqualTo("first");
    assertThat(r.keyMaterialId()).isEqualTo("ab");
  }

  @Test
  void createKeyRequest_takesListsOfStructuresAndBooleans() throws Exception {
    ObjectNode in =
        (ObjectNode)
            JSON.readTree(
                """
        {"Origin":"EXTERNAL","KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC",
         "MultiRegion":true,"Tags":[{"TagKey":"team","TagValue":"pki"}]}""");
    var b = CreateKeyRequest.builder();
    DocumentCodec.fill(b, in, "input");
    CreateKeyRequest r = b.build();

    assertThat(r.multiRegion()).isTrue();
    assertThat(r.tags()).hasSize(1);
    assertThat(r.tags().get(0).tagKey()).isEqualTo("team");
    assertThat(r.tags().get(0).tagValue()).isEqualTo("pki");
    assertThat(r.keySpecAsString()).isEqualTo("HMAC_256");
  }

  @Test
  void unknownMember_isRejectedNamingTheAllowedOnes() throws Exception {
    ObjectNode in = (ObjectNode) JSON.readTree("{\"KeyID\":\"x\"}");
    assertThatThrownBy(() -> DocumentCodec.fill(ImportKeyMaterialRequest.builder(), in, "input"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown parameter in input: \"KeyID\"")
        .hasMessageContaining("KeyId");
  }

  @Test
  void invalidBase64_isRejectedNamingTheMember() throws Exception {
    ObjectNode in = (ObjectNode) JSON.readTree("{\"ImportToken\":\"***\"}");
    assertThatThrownBy(() -> DocumentCodec.fill(ImportKeyMaterialRequest.builder(), in, "input"))
        .hasMessageContaining("Invalid base64 for parameter input.ImportToken");
  }

  @Test
  void response_becomesPascalCaseTree_withTypedTimestampsAndNoUnsetMembers() {
    Instant created = Instant.parse("2024-04-16T19:22:28.668Z");
    var resp =
        DescribeKeyResponse.builder()
            .keyMetadata(
                KeyMetadata.builder()
                    .keyId("k-1")
                    .arn("arn:aws:kms:us-east-1:111122223333:key/k-1")
                    .enabled(false)
                    .creationDate(created)
                    .keyState("PendingImport")
                    .origin("EXTERNAL")
                    .encryptionAlgorithmsWithStrings(List.of("SYMMETRIC_DEFAULT"))
                    .build())
            .build();

    ObjectNode out = DocumentCodec.toJson(resp);

    JsonNode m = out.get("KeyMetadata");
    assertThat(m.get("KeyId").asText()).isEqualTo("k-1");
    assertThat(m.get("Enabled").booleanValue()).isFalse();
    assertThat(m.get("CreationDate").isPojo()).isTrue();
    assertThat(((com.fasterxml.jackson.databind.node.POJONode) m.get("CreationDate")).getPojo())
        .isEqualTo(created);
    assertThat(m.get("EncryptionAlgorithms").get(0).asText()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(m.has("SigningAlgorithms")).isFalse();
    assertThat(m.has("Description")).isFalse();
    assertThat(out.fieldNames()).toIterable().containsExactly("KeyMetadata");
  }

  @Test
  void inputShape_listsMembersWithKinds() {
    List<MemberShape> s = KmsOperations.inputShape("ImportKeyMaterial");
    assertThat(s)
        .extracting(MemberShape::name)
        .containsExactly(
            "KeyId",
            "ImportToken",
            "EncryptedKeyMaterial",
            "ValidTo",
            "ExpirationModel",
            "ImportType",
            "KeyMaterialDescription",
            "KeyMaterialId");
    assertThat(s.get(1).kind()).isEqualTo(MemberShape.Kind.BLOB);
    assertThat(s.get(3).kind()).isEqualTo(MemberShape.Kind.TIMESTAMP);
    MemberShape tags =
        KmsOperations.inputShape("CreateKey").stream()
            .filter(m -> m.name().equals("Tags"))
            .findFirst()
            .orElseThrow();
    assertThat(tags.kind()).isEqualTo(MemberShape.Kind.LIST);
    assertThat(tags.element().members())
        .extracting(MemberShape::name)
        .containsExactly("TagKey", "TagValue");
  }

  @Test
  void unknownOperation_isNotFound() {
    assertThat(KmsOperations.exists("ImportKeyMaterial")).isTrue();
    assertThat(KmsOperations.exists("ImportKeyMaterials")).isFalse();
    assertThat(KmsOperations.exists("importKeyMaterial")).isFalse();
  }
}
