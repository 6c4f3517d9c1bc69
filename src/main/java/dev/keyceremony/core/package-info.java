/** Pure value types shared by the parts: key specs, wrapping algorithms, secrets, PIN sources. */
package dev.keyceremony.core;
