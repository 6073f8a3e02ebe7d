/** Internal helpers shared by the API, the backends, the testkit and the CLI. Not API: may change without notice. */
package dev.netns.internal;
