import { Upload } from 'antd';
import type { ReactNode } from 'react';

/** Opens the file chooser for an exported `.json` document and hands the chosen file over, without uploading it. */
export function JsonFilePicker({ onFile, children }: { onFile: (file: File) => void; children: ReactNode }) {
  return (
    <Upload
      accept=".json,application/json"
      showUploadList={false}
      beforeUpload={(file) => {
        onFile(file);
        return false;
      }}
    >
      {children}
    </Upload>
  );
}
