import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The libSQL driver ships a native addon: load it from node_modules at run time.
  serverExternalPackages: ["@libsql/client", "libsql"],
  poweredByHeader: false,
};

export default nextConfig;
