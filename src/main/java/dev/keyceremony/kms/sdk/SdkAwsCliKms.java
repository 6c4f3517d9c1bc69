package dev.keyceremony.kms.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.kms.AwsCliKms;
import dev.keyceremony.kms.AwsCliSettings;
import dev.keyceremony.kms.KmsCatalog;
import dev.keyceremony.kms.KmsClientRequest;
import dev.keyceremony.kms.MemberShape;
import dev.keyceremony.kms.Reply;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AwsCliKms} over the SDK adapter: {@link KmsOperations}, {@link AwsSettings}, {@link
 * SdkKms}.
 */
public final class SdkAwsCliKms implements AwsCliKms {
  private static final KmsCatalog CATALOG =
      new KmsCatalog() {
        @Override
        public List<String> operations() {
          return KmsOperations.operations();
        }

        @Override
        public boolean exists(String operation) {
          return KmsOperations.exists(operation);
        }

        @Override
        public List<MemberShape> inputShape(String operation) {
          return KmsOperations.inputShape(operation);
        }

        @Override
        public List<MemberShape> outputShape(String operation) {
          return KmsOperations.outputShape(operation);
        }

        @Override
        public Map<String, String> enumFirstValues(String operation) {
          return KmsOperations.enumFirstValues(operation);
        }

        @Override
        public String paginatedResultKey(String operation) {
          return KmsOperations.paginatedResultKey(operation);
        }
      };

  @Override
  public KmsCatalog catalog() {
    return CATALOG;
  }

  @Override
  public AwsCliSettings settings(Map<String, String> env, String profile) {
    AwsSettings s = AwsSettings.load(env, profile);
    return new AwsCliSettings() {
      @Override
      public Optional<String> profileProperty(String name) {
        return s.profileProperty(name);
      }

      @Override
      public Optional<String> env(String name) {
        return s.env(name);
      }

      @Override
      public Optional<String> rawEnv(String name) {
        return s.rawEnv(name);
      }

      @Override
      public String region(String explicit) {
        return s.region(explicit);
      }
    };
  }

  @Override
  public Client open(KmsClientRequest r) {
    SdkKmsConfig.Retries.Mode mode =
        switch (r.retryMode() == null ? "STANDARD" : r.retryMode()) {
          case "LEGACY" -> SdkKmsConfig.Retries.Mode.LEGACY;
          case "ADAPTIVE" -> SdkKmsConfig.Retries.Mode.ADAPTIVE;
          default -> SdkKmsConfig.Retries.Mode.STANDARD;
        };
    SdkKmsConfig.Builder b =
        SdkKmsConfig.builder()
            .region(r.region())
            .profile(r.profile())
            .unsigned(r.unsigned())
            .verifyTls(r.verifyTls())
            .connectTimeout(r.connectTimeout())
            .readTimeout(r.readTimeout())
            .retries(new SdkKmsConfig.Retries(mode, Math.max(1, r.maxAttempts())))
            .debug(r.debug())
            .environment(r.environment());
    if (r.endpoint() != null) {
      b.endpoint(r.endpoint());
    }
    if (r.caBundle() != null) {
      b.caBundle(r.caBundle());
    }
    SdkKms kms = SdkKms.create(b.build());
    return new Client() {
      @Override
      public Reply<ObjectNode> call(String operation, ObjectNode input) {
        return kms.call(operation, input);
      }

      @Override
      public List<MemberShape> inputShape(String operation) {
        return kms.inputShape(operation);
      }

      @Override
      public List<MemberShape> outputShape(String operation) {
        return kms.outputShape(operation);
      }

      @Override
      public void close() {
        kms.close();
      }
    };
  }
}
