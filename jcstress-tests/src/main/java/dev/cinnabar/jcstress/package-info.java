/**
 * The launcher of Cinnabar's jcstress tests ({@link dev.cinnabar.jcstress.CinnabarJCStress}). The tests themselves
 * live in the packages of the classes they test ({@code dev.cinnabar.atomstore}), so that they can use the real
 * package-private classes; see the module README.
 */
package dev.cinnabar.jcstress;
