import type { Metadata, Viewport } from "next";
import "./globals.css";
import { LOCAL_TIME_SCRIPT } from "@/lib/public/render/status-page";

export const metadata: Metadata = {
  title: "Status",
  description: "Service status and uptime",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f7f9" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1216" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        {/* Times marked data-local are shown in the reader's time zone (UTC without JavaScript). */}
        <script dangerouslySetInnerHTML={{ __html: LOCAL_TIME_SCRIPT }} />
      </body>
    </html>
  );
}
