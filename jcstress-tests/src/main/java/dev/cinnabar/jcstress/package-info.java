/** jcstress tests that exercise Cinnabar's own classes; filled by the jcstress issue. */
package dev.cinnabar.jcstress;
