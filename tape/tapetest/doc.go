// Package tapetest checks gradients of tape code: central finite differences against the
// tape's gradients, random-direction vector-Jacobian dot-product tests, second-order checks
// with nested tapes, and Jacobian / BatchJacobian checks. Use float64 inputs for tight
// tolerances. It does not generate inputs for you beyond RandomInputs.
package tapetest
