package fr.sesame.directory.connector;

import java.time.Duration;

/**
 * The result of probing a commune's directory.
 *
 * @param reachable whether the probe succeeded
 * @param latency how long the probe took
 * @param detail a short, secret-free explanation when unreachable (result code, timeout)
 */
public record DirectoryStatus(boolean reachable, Duration latency, String detail) {
}
