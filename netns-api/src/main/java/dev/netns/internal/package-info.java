/** Internal helpers shared by the API and the backends. Not API: may change without notice. */
package dev.netns.internal;
