package org.cowmeta.lab.run;

/** The parts of a lab run; the hardware probe always runs first. */
public enum Part { FOOTPRINT, MICRO, MACRO, TUNING }
