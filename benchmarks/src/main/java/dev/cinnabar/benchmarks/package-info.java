/** JMH benchmarks of Cinnabar, each beside a baseline measured in the same run. */
package dev.cinnabar.benchmarks;
