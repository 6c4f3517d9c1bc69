package dev.keyceremony.localkms.http;

/**
 * An awsJson1.1 answer: status, JSON body bytes and the x-amzn-RequestId.
 *
 * @param status the HTTP status code
 * @param body the JSON body (UTF-8)
 * @param requestId the value of x-amzn-RequestId
 */
public record HttpResponse(int status, byte[] body, String requestId) {}
