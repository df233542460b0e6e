/** Shared building blocks of the audiomesh services. */
package org.audiomesh.common;
