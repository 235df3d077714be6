/**
 * The quad indexes: the six key orders ({@link dev.cinnabar.quadstore.index.IndexOrder}), the sorted entry cursor
 * that every index source implements ({@link dev.cinnabar.quadstore.index.EntryCursor}), and the immutable on-disk
 * segment file ({@link dev.cinnabar.quadstore.index.SegmentWriter}, {@link dev.cinnabar.quadstore.index.Segment}).
 *
 * <p><b>Internal.</b> This package is not API: its types are public only because the store package
 * {@code dev.cinnabar.quadstore} uses them. They and the segment file format may change in any release without
 * notice; applications use the quad store API instead.
 */
package dev.cinnabar.quadstore.index;
