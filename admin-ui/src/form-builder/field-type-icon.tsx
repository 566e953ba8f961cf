import {
  AlignLeftOutlined,
  ApiOutlined,
  AppstoreOutlined,
  CalculatorOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  DownSquareOutlined,
  EditOutlined,
  FieldNumberOutlined,
  FileTextOutlined,
  MailOutlined,
  NumberOutlined,
  PhoneOutlined,
  StarOutlined,
  SwitcherOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { NodeKind } from '../builder/field-types';

const ICONS: Record<NodeKind, ReactNode> = {
  text: <EditOutlined />,
  'long-text': <AlignLeftOutlined />,
  number: <NumberOutlined />,
  integer: <FieldNumberOutlined />,
  score: <StarOutlined />,
  'single-select': <DownSquareOutlined />,
  radio: <CheckCircleOutlined />,
  'multi-select': <CheckSquareOutlined />,
  'yes-no': <SwitcherOutlined />,
  date: <CalendarOutlined />,
  'date-time': <ClockCircleOutlined />,
  email: <MailOutlined />,
  phone: <PhoneOutlined />,
  section: <AppstoreOutlined />,
  'repeating-group': <UnorderedListOutlined />,
  computed: <CalculatorOutlined />,
  'static-text': <FileTextOutlined />,
  advanced: <ApiOutlined />,
};

export function FieldTypeIcon({ kind }: { kind: NodeKind }) {
  return ICONS[kind];
}
