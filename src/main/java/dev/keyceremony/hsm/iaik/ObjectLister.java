package dev.keyceremony.hsm.iaik;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LOCAL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_NEVER_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE_LEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_WRAP_WITH_TRUSTED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_RSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import dev.keyceremony.hsm.ObjectInfo;
import dev.keyceremony.hsm.SecurityAttributes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Constants;

/** Lists objects with labels, IDs, types, sizes and security attributes: never values. */
final class ObjectLister {
  private final SessionCore core;

  ObjectLister(SessionCore core) {
    this.core = core;
  }

  List<ObjectInfo> list() {
    List<ObjectInfo> out = new ArrayList<>();
    for (long h : core.find(new AttributeVector())) {
      AttributeVector a = core.attrs(h, CKA_CLASS, CKA_LABEL, CKA_ID, CKA_TOKEN, CKA_PRIVATE);
      Long cls = a.class_();
      String label = a.label() == null ? "" : a.label();
      String id = a.id() == null ? "" : HexFormat.of().formatHex(a.id());
      String className = cls == null ? "?" : SessionCore.className(cls);
      if (cls == null
          || (cls != CKO_SECRET_KEY && cls != CKO_PRIVATE_KEY && cls != CKO_PUBLIC_KEY)) {
        out.add(
            new ObjectInfo(
                label,
                id,
                className,
                null,
                null,
                new SecurityAttributes(
                    null, null, null, null, null, null, a.private_(), a.token())));
        continue;
      }
      Long type = core.attrs(h, CKA_KEY_TYPE).keyType();
      String typeName = type == null ? "?" : PKCS11Constants.ckkCodeToName(type);
      Integer bits = size(h, cls, type);
      SecurityAttributes sa =
          cls == CKO_PUBLIC_KEY
              ? new SecurityAttributes(null, null, null, null, null, null, a.private_(), a.token())
              : securityAttributes(h);
      out.add(new ObjectInfo(label, id, className, typeName, bits, sa));
    }
    out.sort(Comparator.comparing(ObjectInfo::label).thenComparing(ObjectInfo::objectClass));
    return out;
  }

  private Integer size(long h, long cls, Long type) {
    if (type == null) {
      return null;
    }
    if (cls == CKO_SECRET_KEY) {
      Integer len = core.attrs(h, CKA_VALUE_LEN).valueLen();
      return len == null || len == 0 ? null : len * 8;
    }
    if (type == CKK_RSA) {
      BigInteger n = core.attrs(h, CKA_MODULUS).modulus();
      return n == null ? null : n.bitLength();
    }
    if (type == CKK_EC) {
      return EcCurve.fromEcParams(core.attrs(h, CKA_EC_PARAMS).ecParams())
          .map(c -> c.spec().bits())
          .orElse(null);
    }
    return null;
  }

  SecurityAttributes securityAttributes(long h) {
    AttributeVector a =
        core.attrs(
            h,
            CKA_SENSITIVE,
            CKA_EXTRACTABLE,
            CKA_ALWAYS_SENSITIVE,
            CKA_NEVER_EXTRACTABLE,
            CKA_LOCAL,
            CKA_WRAP_WITH_TRUSTED,
            CKA_PRIVATE,
            CKA_TOKEN);
    return new SecurityAttributes(
        a.sensitive(),
        a.extractable(),
        a.alwaysSensitive(),
        a.neverExtractable(),
        a.local(),
        a.wrapWithTrusted(),
        a.private_(),
        a.token());
  }
}
