package drcn.tornado.api.enums;

/** The kind of a device (TornadoVM's names). */
public enum TornadoDeviceType {
    UNKNOWN, DEFAULT, CPU, GPU, FPGA, ACCELERATOR, CUSTOM, ALL
}
