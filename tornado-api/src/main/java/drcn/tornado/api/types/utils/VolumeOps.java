package drcn.tornado.api.types.utils;

import drcn.tornado.api.internal.annotations.ApiHelper;
import drcn.tornado.api.types.vectors.Float3;
import drcn.tornado.api.types.volumes.VolumeShort2;

/**
 * TornadoVM's sampling of a {@link VolumeShort2} (SLAM's truncated signed distance field: the first short of a voxel is
 * the distance scaled by 32766) at a point of a box of size {@code dim} that the volume fills. Kernels may call these.
 * A point p is at voxel coordinates {@code s = p * (X, Y, Z) / dim - 0.5}; its cell is {@code floor(s)} and its
 * fractional position {@code f = s - floor(s)}. Voxel indices are clamped into [0, extent - 1] (TornadoVM clamps
 * each at one end only, so a point more than a voxel outside the box reads outside the volume there).
 */
public class VolumeOps {
    /** 1 / 32766, the scale of a stored distance. */
    private static final float SHORT_SCALE = 0.00003051944088f;

    /**
     * The distance field's gradient at {@code point}: along each axis, the central difference {@code v(i + 1) - v(i - 1)}
     * at the 8 voxels around the point, interpolated trilinearly, times {@code dim / (2 * extent) / 32766}.
     */
    @ApiHelper
    public static Float3 grad(final VolumeShort2 volume, final Float3 dim, final Float3 point) {
        final Float3 scaled = scaledPosition(volume, dim, point);
        final Float3 cell = Float3.floor(scaled);
        final Float3 f = Float3.fract(scaled);
        final int bx = (int) cell.getX();
        final int by = (int) cell.getY();
        final int bz = (int) cell.getZ();
        // lo/hi: the cell's two voxels along an axis; below/above: the neighbours their central differences reach
        final int loX = clamp(bx, volume.X()), hiX = clamp(bx + 1, volume.X());
        final int belowX = clamp(bx - 1, volume.X()), aboveX = clamp(bx + 2, volume.X());
        final int loY = clamp(by, volume.Y()), hiY = clamp(by + 1, volume.Y());
        final int belowY = clamp(by - 1, volume.Y()), aboveY = clamp(by + 2, volume.Y());
        final int loZ = clamp(bz, volume.Z()), hiZ = clamp(bz + 1, volume.Z());
        final int belowZ = clamp(bz - 1, volume.Z()), aboveZ = clamp(bz + 2, volume.Z());

        final float gx = lerp(
                lerp(lerp(vs(volume, hiX, loY, loZ) - vs(volume, belowX, loY, loZ), vs(volume, aboveX, loY, loZ) - vs(volume, loX, loY, loZ), f.getX()),
                        lerp(vs(volume, hiX, hiY, loZ) - vs(volume, belowX, hiY, loZ), vs(volume, aboveX, hiY, loZ) - vs(volume, loX, hiY, loZ), f.getX()), f.getY()),
                lerp(lerp(vs(volume, hiX, loY, hiZ) - vs(volume, belowX, loY, hiZ), vs(volume, aboveX, loY, hiZ) - vs(volume, loX, loY, hiZ), f.getX()),
                        lerp(vs(volume, hiX, hiY, hiZ) - vs(volume, belowX, hiY, hiZ), vs(volume, aboveX, hiY, hiZ) - vs(volume, loX, hiY, hiZ), f.getX()), f.getY()),
                f.getZ());
        final float gy = lerp(
                lerp(lerp(vs(volume, loX, hiY, loZ) - vs(volume, loX, belowY, loZ), vs(volume, hiX, hiY, loZ) - vs(volume, hiX, belowY, loZ), f.getX()),
                        lerp(vs(volume, loX, aboveY, loZ) - vs(volume, loX, loY, loZ), vs(volume, hiX, aboveY, loZ) - vs(volume, hiX, loY, loZ), f.getX()), f.getY()),
                lerp(lerp(vs(volume, loX, hiY, hiZ) - vs(volume, loX, belowY, hiZ), vs(volume, hiX, hiY, hiZ) - vs(volume, hiX, belowY, hiZ), f.getX()),
                        lerp(vs(volume, loX, aboveY, hiZ) - vs(volume, loX, loY, hiZ), vs(volume, hiX, aboveY, hiZ) - vs(volume, hiX, loY, hiZ), f.getX()), f.getY()),
                f.getZ());
        final float gz = lerp(
                lerp(lerp(vs(volume, loX, loY, hiZ) - vs(volume, loX, loY, belowZ), vs(volume, hiX, loY, hiZ) - vs(volume, hiX, loY, belowZ), f.getX()),
                        lerp(vs(volume, loX, hiY, hiZ) - vs(volume, loX, hiY, belowZ), vs(volume, hiX, hiY, hiZ) - vs(volume, hiX, hiY, belowZ), f.getX()), f.getY()),
                lerp(lerp(vs(volume, loX, loY, aboveZ) - vs(volume, loX, loY, loZ), vs(volume, hiX, loY, aboveZ) - vs(volume, hiX, loY, loZ), f.getX()),
                        lerp(vs(volume, loX, hiY, aboveZ) - vs(volume, loX, hiY, loZ), vs(volume, hiX, hiY, aboveZ) - vs(volume, hiX, hiY, loZ), f.getX()), f.getY()),
                f.getZ());
        final Float3 voxelSize = new Float3(dim.getX() / volume.X(), dim.getY() / volume.Y(), dim.getZ() / volume.Z());
        return Float3.mult(new Float3(gx, gy, gz), Float3.mult(voxelSize, 0.5f * SHORT_SCALE));
    }

    /** The distance at {@code point}: the 8 voxels around it interpolated trilinearly, divided by 32766. */
    @ApiHelper
    public static float interp(final VolumeShort2 volume, final Float3 dim, final Float3 point) {
        final Float3 scaled = scaledPosition(volume, dim, point);
        final Float3 cell = Float3.floor(scaled);
        final Float3 f = Float3.fract(scaled);
        final int loX = clamp((int) cell.getX(), volume.X()), hiX = clamp((int) cell.getX() + 1, volume.X());
        final int loY = clamp((int) cell.getY(), volume.Y()), hiY = clamp((int) cell.getY() + 1, volume.Y());
        final int loZ = clamp((int) cell.getZ(), volume.Z()), hiZ = clamp((int) cell.getZ() + 1, volume.Z());
        final float c00 = lerp(vs(volume, loX, loY, loZ), vs(volume, hiX, loY, loZ), f.getX());
        final float c10 = lerp(vs(volume, loX, hiY, loZ), vs(volume, hiX, hiY, loZ), f.getX());
        final float c01 = lerp(vs(volume, loX, loY, hiZ), vs(volume, hiX, loY, hiZ), f.getX());
        final float c11 = lerp(vs(volume, loX, hiY, hiZ), vs(volume, hiX, hiY, hiZ), f.getX());
        return lerp(lerp(c00, c10, f.getY()), lerp(c01, c11, f.getY()), f.getZ()) * SHORT_SCALE;
    }

    /** {@link #vs} with the volume last. */
    @ApiHelper
    public static float vs1(int x, int y, int z, VolumeShort2 v) {
        return vs(v, x, y, z);
    }

    /** The first short of voxel (x, y, z), as a float. */
    @ApiHelper
    public static float vs(final VolumeShort2 cube, int x, int y, int z) {
        return cube.get(x, y, z).getX();
    }

    /** Voxel coordinates of {@code point}: {@code point * (X, Y, Z) / dim - 0.5}. */
    private static Float3 scaledPosition(final VolumeShort2 volume, final Float3 dim, final Float3 point) {
        return new Float3(point.getX() * volume.X() / dim.getX() - 0.5f, point.getY() * volume.Y() / dim.getY() - 0.5f,
                point.getZ() * volume.Z() / dim.getZ() - 0.5f);
    }

    /** {@code i} clamped into [0, extent - 1]. */
    private static int clamp(int i, int extent) {
        return Math.min(Math.max(i, 0), extent - 1);
    }

    /** {@code a * (1 - t) + b * t}. */
    private static float lerp(float a, float b, float t) {
        return a * (1 - t) + b * t;
    }
}
