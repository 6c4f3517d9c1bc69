/**
 * The composition root every front-end shares: opens the HSM, the transcript signer and KMS for a
 * ceremony; runs, resumes and abandons ceremonies; rebuilds a ceremony's state from its transcript
 * (a pure fold) and reconciles it with KMS and the HSM. Knows nothing of picocli: {@code cli} only
 * parses, prompts and prints.
 */
package dev.keyceremony.workflow;
