package dev.keyceremony.arch;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a class file's constant pool the secret-read test and the fix-hint test need (JVMS
 * §4.4).
 */
public final class ConstantPool {
  final Set<Long> longs = new HashSet<>();
  public final List<String> utf8 = new ArrayList<>();

  /** Method references as {@code owner.name descriptor}. */
  final Set<String> methodRefs = new HashSet<>();

  private ConstantPool() {}

  public static ConstantPool read(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] strings = new String[count];
    int[][] refs = new int[count][];
    int[] classNameIndex = new int[count];
    int[] tags = new int[count];
    ConstantPool pool = new ConstantPool();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      tags[i] = tag;
      switch (tag) {
        case 1:
          strings[i] = in.readUTF();
          pool.utf8.add(strings[i]);
          break;
        case 3:
        case 4:
          in.readInt();
          break;
        case 5:
          pool.longs.add(in.readLong());
          i++; // a long takes two slots
          break;
        case 6:
          in.readLong();
          i++;
          break;
        case 7:
          classNameIndex[i] = in.readUnsignedShort();
          break;
        case 8:
        case 16:
        case 19:
        case 20:
          in.readUnsignedShort();
          break;
        case 9:
        case 10:
        case 11:
        case 12:
        case 17:
        case 18:
          refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
          break;
        case 15:
          in.readUnsignedByte();
          in.readUnsignedShort();
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    for (int i = 1; i < count; i++) {
      if (tags[i] == 10 || tags[i] == 11) {
        String owner = strings[classNameIndex[refs[i][0]]];
        int[] nt = refs[refs[i][1]];
        pool.methodRefs.add(owner + "." + strings[nt[0]] + " " + strings[nt[1]]);
      }
    }
    return pool;
  }
}
