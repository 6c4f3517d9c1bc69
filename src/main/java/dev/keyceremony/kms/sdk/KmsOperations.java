package dev.keyceremony.kms.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyceremony.kms.MemberShape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Any KMS operation by its API name ("ImportKeyMaterial"), found in the SDK's generated model by
 * naming convention: request {@code <Op>Request}, response {@code <Op>Response}, client method
 * {@code <op>(<Op>Request)}. The shapes come from the SDK's {@code SdkField} metadata.
 */
public final class KmsOperations {
  private static final String MODEL = "software.amazon.awssdk.services.kms.model.";

  private final KmsClient client;

  KmsOperations(KmsClient client) {
    this.client = client;
  }

  /** True if the SDK knows {@code operation}. */
  public static boolean exists(String operation) {
    try {
      method(operation);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Every operation of the SDK's KMS model (each {@code KmsClient} method that takes its own {@code
   * <Op>Request}), by API name, sorted.
   */
  public static List<String> operations() {
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (Method m : KmsClient.class.getMethods()) {
      Class<?>[] p = m.getParameterTypes();
      if (p.length == 1 && p[0].getName().startsWith(MODEL) && p[0].getName().endsWith("Request")) {
        String op = p[0].getSimpleName().substring(0, p[0].getSimpleName().length() - 7);
        if (m.getName().equals(Character.toLowerCase(op.charAt(0)) + op.substring(1))) {
          out.add(op);
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The first value of each enum-typed top-level input member (the SDK generates enums in the
   * model's order), for skeletons: {@code {"KeySpec": "RSA_2048", ...}}.
   */
  public static java.util.Map<String, String> enumFirstValues(String operation) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    Class<?> request;
    try {
      request = Class.forName(MODEL + operation + "Request");
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("KMS has no operation named " + operation, e);
    }
    for (MemberShape m : inputShape(operation)) {
      String getter = Character.toLowerCase(m.name().charAt(0)) + m.name().substring(1);
      try {
        Class<?> type = request.getMethod(getter).getReturnType();
        if (type.isEnum()) {
          for (Object c : type.getEnumConstants()) {
            if (!c.toString().equals("null")
                && !((Enum<?>) c).name().equals("UNKNOWN_TO_SDK_VERSION")) {
              out.put(m.name(), c.toString());
              break;
            }
          }
        }
      } catch (NoSuchMethodException e) {
        // A member whose getter the SDK renamed: no enum default (skeleton shows "").
      }
    }
    return out;
  }

  /**
   * The result key when the SDK has a paginator for {@code operation} (the response's single list
   * member, e.g. "Keys" for ListKeys); null when the operation is not paginated.
   */
  public static String paginatedResultKey(String operation) {
    String name = Character.toLowerCase(operation.charAt(0)) + operation.substring(1) + "Paginator";
    try {
      KmsClient.class.getMethod(name, Class.forName(MODEL + operation + "Request"));
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return null;
    }
    List<MemberShape> lists =
        outputShape(operation).stream().filter(m -> m.kind() == MemberShape.Kind.LIST).toList();
    return lists.size() == 1 ? lists.get(0).name() : null;
  }

  /** The input members of {@code operation}. */
  public static List<MemberShape> inputShape(String operation) {
    return DocumentCodec.shape(builder(operation).sdkFields());
  }

  /** The output members of {@code operation}. */
  public static List<MemberShape> outputShape(String operation) {
    return DocumentCodec.shape(pojo(operation + "Response").sdkFields());
  }

  AwsRequest request(String operation, ObjectNode input) {
    SdkPojo b = builder(operation);
    DocumentCodec.fill(b, input, "input");
    return ((AwsRequest.Builder) b).build();
  }

  AwsResponse invoke(String operation, AwsRequest request) {
    try {
      return (AwsResponse) method(operation).invoke(client, request);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SdkException se) {
        throw se;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Method method(String operation) {
    if (operation == null || operation.isEmpty() || !Character.isUpperCase(operation.charAt(0))) {
      throw new IllegalArgumentException("not a KMS operation name: " + operation);
    }
    String name = Character.toLowerCase(operation.charAt(0)) + operation.substring(1);
    try {
      return KmsClient.class.getMethod(name, Class.forName(MODEL + operation + "Request"));
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalArgumentException("KMS has no operation named " + operation, e);
    }
  }

  private static SdkPojo builder(String operation) {
    method(operation);
    try {
      Class<?> type = Class.forName(MODEL + operation + "Request");
      return (SdkPojo) type.getMethod("builder").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("SDK model has no builder for " + operation, e);
    }
  }

  private static SdkPojo pojo(String shape) {
    try {
      Class<?> type = Class.forName(MODEL + shape);
      return (SdkPojo) type.getMethod("builder").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("SDK model has no shape " + shape, e);
    }
  }
}
