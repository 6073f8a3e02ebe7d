/** Service provider interfaces that backends implement; found with {@link java.util.ServiceLoader}. */
package dev.netns.spi;
